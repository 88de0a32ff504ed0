/**
 * The mock upstream as its own process for the benchmark (so it does not share an event
 * loop with the load generator). Prints its URL, then forgets recorded requests every
 * second so a long run does not grow its memory.
 */
import { startMockUpstream } from '../test/support/mock-upstream';

const mock = await startMockUpstream({ port: 0, host: '127.0.0.1' });
setInterval(() => mock.reset(), 1000).unref();
process.stdout.write(`MOCK ${mock.url}\n`);
process.on('SIGTERM', () => void mock.close().then(() => process.exit(0)));

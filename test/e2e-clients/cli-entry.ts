// Runs the switchyard CLI from source (node --import tsx), so the e2e tests do not depend on
// a fresh `npm run build` of out/cli.
import { main } from '../../src/cli/index';

await main(process.argv);

import pkg from '../../package.json';

/** The app version, bundled from package.json at build time. */
export const APP_VERSION: string = pkg.version;

// netxray's own version, read once from package.json so that it is written in one place.
import { readFileSync } from 'node:fs';

const packageJson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

export const NETXRAY_VERSION: string = packageJson.version;

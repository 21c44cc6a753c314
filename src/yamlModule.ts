// The YAML parser, loaded on first use: only clouds.yaml (a named cloud) and packages that build classes from YAML
// need it, and loading it costs ~50 ms of every start (a trace pays it before its first request otherwise).
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let yamlModule: typeof import('yaml') | undefined;

export const yaml = (): typeof import('yaml') => (yamlModule ??= require('yaml') as typeof import('yaml'));

// Where the shared, read-only test inputs live: the `shared` folder beside the checkout (../shared),
// as the developers' guide and CI place it. Never an absolute path of one machine.
import { existsSync, realpathSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const besideCheckout = resolve(dirname(fileURLToPath(import.meta.url)), '../../shared');
/** Its real path (it may be a symlink): the interpreter reports module files by their real paths. */
export const SHARED_DIR = existsSync(besideCheckout) ? realpathSync(besideCheckout) : besideCheckout;
/** Unpacked upstream releases used as test inputs (netmiko 4.6.0, junos-eznc 2.8.0). */
export const PYTHON_RELEASES = join(SHARED_DIR, 'data/python');

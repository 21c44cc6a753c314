// The real sosreports of the healthy ML2/OVS lab (test/fixtures/sos/README.txt says how they were taken).
import { join } from 'node:path';

export const SOS_FIXTURES = join(__dirname, '..', 'fixtures', 'sos');
export const SOS_ARCHIVES = ['sosreport-nxlab-node1-healthy-2026-12-05-xnrvtuj.tar.xz', 'sosreport-nxlab-node2-healthy-2026-12-05-bonmman.tar.xz'].map((f) => join(SOS_FIXTURES, f));

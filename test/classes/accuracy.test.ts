// Accuracy of `netxray classes` against what the Python interpreter itself reports, on the packages the project
// was built for: Debian's and today's netmiko and PyEZ, paramiko, ncclient and neutron.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { accuracySuite } from './_accuracySuite.js';
import type { PackageCase, Thresholds } from './_accuracySuite.js';
import { PYTHON_RELEASES } from '../_shared.js';

const NETMIKO_TABLES = ['netmiko.ssh_dispatcher.CLASS_MAPPER', 'netmiko.ssh_dispatcher.FILE_TRANSFER_MAP'];
// Today's releases, unpacked as published (../shared/data/python beside the repository), judged beside Debian's.
const RELEASES = PYTHON_RELEASES;
const NETMIKO_RELEASE = join(RELEASES, 'netmiko-4.6.0');
const PYEZ_RELEASE = join(RELEASES, 'junos-eznc-2.8.0');

// Thresholds from the project brief.
const BRIEF: Thresholds = { classRecall: 1, edges: 0.995, externalBases: 0.95, parameters: 0.99 };
const WITH_YAML: Thresholds = { ...BRIEF, yamlClasses: 0.95 };

const PACKAGES: PackageCase[] = [
  { spec: 'netmiko', label: 'netmiko (Debian)', dispatchTables: NETMIKO_TABLES, thresholds: BRIEF },
  ...(existsSync(NETMIKO_RELEASE) ? [{
    spec: join(NETMIKO_RELEASE, 'netmiko'), package: 'netmiko', label: 'netmiko 4.6.0', prefer: NETMIKO_RELEASE,
    dispatchTables: NETMIKO_TABLES, thresholds: BRIEF,
  }] : []),
  { spec: 'jnpr.junos', label: 'jnpr.junos (Debian)', thresholds: WITH_YAML },
  ...(existsSync(PYEZ_RELEASE) ? [{
    // command/__init__.py imports yamlloader, which Debian does not package; yamlordereddictloader does the same job.
    spec: join(PYEZ_RELEASE, 'jnpr', 'junos'), package: 'jnpr.junos', label: 'jnpr.junos 2.8.0', prefer: PYEZ_RELEASE,
    aliases: ['yamlloader.ordereddict=yamlordereddictloader'], thresholds: WITH_YAML,
  }] : []),
  { spec: 'paramiko', thresholds: BRIEF },
  { spec: 'ncclient', thresholds: BRIEF },
  { spec: 'neutron', thresholds: BRIEF },
];

accuracySuite({
  title: 'netxray classes: accuracy against the Python interpreter',
  reportFolder: 'accuracy',
  packages: PACKAGES,
});

// Accuracy against the interpreter on Debian packages that no pattern of netxray was written for (issue 20's
// "packages the tests never read"): the misses here are Python patterns still to understand, not tuning targets.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { accuracySuite } from './_accuracySuite.js';
import type { PackageCase, Thresholds } from './_accuracySuite.js';

// Issue 20's targets for packages nobody tuned for.
const TARGET: Thresholds = { edges: 0.997, externalBases: 0.995, parameters: 0.998 };

// Varied on purpose: HTTP clients and servers, templates, an ORM, document and highlighting toolkits, a CLI
// framework, an event-driven network framework and a web framework (python3-* in scripts/install-deps.sh).
const HERE = dirname(fileURLToPath(import.meta.url));
const PACKAGES: PackageCase[] = [
  ...['requests', 'urllib3', 'jinja2', 'sqlalchemy', 'docutils', 'pygments', 'click', 'werkzeug', 'twisted']
    .map((spec): PackageCase => ({ spec, thresholds: TARGET })),
  // Django's modules read settings when imported: the truth configures them with every contrib app installed.
  { spec: 'django', setup: resolve(HERE, '../truth/setups/django_contrib.py'), thresholds: TARGET },
];

accuracySuite({
  title: 'netxray classes: accuracy against the Python interpreter on untuned packages',
  reportFolder: 'accuracy-untuned',
  packages: PACKAGES,
});

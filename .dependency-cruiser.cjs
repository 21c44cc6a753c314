// The layering rules of netxray (docs/extending.md#layers): collect → model → analyse → render, cli outermost, and
// networking backends that do not know each other. `npm test` runs them (scripts/test.sh); test/layering.test.ts shows
// they fail on a forbidden import.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'collect-not-downstream',
      comment: 'Collectors only gather a snapshot: they never analyse or render it, so a saved snapshot (--from) gives the same report as a live run.',
      severity: 'error',
      from: { path: '^src/collect/' },
      to: { path: '^src/(analyse|render|cli|viewer)/' },
    },
    {
      name: 'trace-analysis-not-collect-or-render',
      comment: 'Trace and scan analysis is a pure function of a snapshot (no SSH, no HTTP) and returns a model; rendering it is the renderers\' job. (The class analysis still drives its own Python collection, src/analyse/classes/index.ts: not covered yet.)',
      severity: 'error',
      from: { path: '^src/analyse/(trace/|scan\\.ts$)' },
      to: { path: '^src/(collect|render|cli|viewer)/' },
    },
    {
      name: 'render-not-upstream',
      comment: 'Renderers draw a model and nothing else, so `netxray render model.json` and every format show the same thing.',
      severity: 'error',
      from: { path: '^src/render/' },
      to: { path: '^src/(collect|analyse|cli)/' },
    },
    {
      name: 'model-is-the-contract',
      comment: 'The model types are the versioned contract between the layers: they import nothing of ours but the error types.',
      severity: 'error',
      from: { path: '^src/model/' },
      to: { path: '^src/', pathNot: ['^src/model/', '^src/errors\\.ts$'] },
    },
    {
      name: 'neutron-rules-below-collect-and-analyse',
      comment: 'Neutron\'s conventions (src/neutron/) are read by collect and analyse alike, so they sit below both.',
      severity: 'error',
      from: { path: '^src/neutron/' },
      to: { path: '^src/(collect|analyse|render|cli|viewer)/' },
    },
    {
      name: 'backends-independent',
      comment: 'A networking backend (ML2/OVS, ML2/OVN, ...) builds on the shared code only, never on another backend: each can be added or removed as one folder plus one registry line.',
      severity: 'error',
      from: { path: '^src/(collect|analyse/trace)/backends/([^/]+)/' },
      to: { path: '^src/(collect|analyse/trace)/backends/([^/]+)/', pathNot: '^src/$1/backends/$2/' },
    },
    {
      name: 'backend-shared-code-own',
      comment: 'What both sides of one backend share (src/neutron/<backend>/, e.g. the ML2/OVS walk plan) is read by that backend\'s folders only, and builds on no other backend.',
      severity: 'error',
      from: { path: '^src/(?:collect|analyse/trace|neutron)/(?:backends/)?(ml2-[^/]+)/' },
      to: { path: '^src/neutron/ml2-[^/]+/', pathNot: '^src/neutron/$1/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};

// The rooms of src/ and who may import whom (README "Layout"). `npm run lint:deps` checks them; CI
// runs it, so nobody has to remember the rules. Type-only imports count: a type circle is a circle.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'runbook-is-pure',
      comment: 'src/runbook turns Markdown into the model: pure data, it imports nothing else of src/.',
      severity: 'error',
      from: { path: '^src/runbook/' },
      to: { path: '^src/', pathNot: '^src/runbook/' },
    },
    {
      name: 'drill-is-pure',
      comment: 'src/drill models drill scenarios and judges their outcome from facts: pure, it reads only the runbook model.',
      severity: 'error',
      from: { path: '^src/drill/' },
      to: { path: '^src/', pathNot: '^src/(drill|runbook)/' },
    },
    {
      name: 'executors-and-database-below-the-engine',
      comment: 'Executors and database targets never see sessions, reports, the CLI or the UI.',
      severity: 'error',
      from: { path: '^src/(executors|database)/' },
      to: { path: '^src/(session|report|cli|ui)/' },
    },
    {
      name: 'engine-knows-no-outputs',
      comment: 'The session engine emits events; reports, the CLI and the UI subscribe to it, never the reverse.',
      severity: 'error',
      from: { path: '^src/session/' },
      to: { path: '^src/(report|cli|ui)/' },
    },
    {
      name: 'report-knows-no-front-ends',
      comment: 'Reports are built from the journal; they know nothing of the CLI or the UI.',
      severity: 'error',
      from: { path: '^src/report/' },
      to: { path: '^src/(cli|ui)/' },
    },
    {
      name: 'ui-knows-no-cli',
      comment: 'The UI renders session state and dispatches actions; argv, exit codes and commands are the CLI\'s.',
      severity: 'error',
      from: { path: '^src/ui/' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'product-never-imports-tests',
      comment: 'Nothing shipped or measured depends on the test suite.',
      severity: 'error',
      from: { path: '^(src|bench)/' },
      to: { path: '^test/' },
    },
    {
      name: 'no-circular',
      comment: 'Modules form a tree of imports; a circle (type-only included) means a fact lives in the wrong place.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.tsx', '.js', '.mjs'] },
  },
};

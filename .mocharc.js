// Tests run on the compiled output (npm test builds first). The reporter ends with "N passed, N failed".
module.exports = {
  spec: ['out/test/**/*.test.js'],
  reporter: require.resolve('./test/support/reporter.js'),
  timeout: 20000,
  'enable-source-maps': true,
};

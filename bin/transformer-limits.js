#!/usr/bin/env node
// Command-line entry: runs the built toolkit (npm run build, or any README command, builds it first).
const { main } = require('../dist/cli.js');
main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    console.error(`transformer-limits: ${error.message}`);
    process.exit(1);
  },
);

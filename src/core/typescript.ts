// The compiler API, imported once for the whole bundle: esbuild gives each `import ts from 'typescript'`
// its own copy of the module's 2,200 exports, and sixteen copies cost 20 ms at every start of the CLI.
import ts from 'typescript';
export default ts;

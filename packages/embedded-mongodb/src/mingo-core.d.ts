// mingo exposes its expression evaluator at the 'mingo/core' subpath (package "exports"), which this
// project's node10 module resolution cannot see; its types live under mingo/types/core.
declare module 'mingo/core' {
  export { evalExpr } from 'mingo/types/core';
}

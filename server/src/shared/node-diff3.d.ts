// node-diff3 publishes its types only through package "exports", which this project's module resolution
// (node10) does not read; point the package name at the same declaration file.
declare module 'node-diff3' {
  export { diff3Merge } from 'node-diff3/src/diff3';
}

declare module 'quickselect' {
  /**
   * Reorders `values` in place so that values[k] is the value a sort by `compare` would put there, every value
   * before it compares at most equal and every one after at least equal (Floyd–Rivest selection).
   */
  function quickselect<T>(
    values: { [index: number]: T; length: number },
    k: number,
    left?: number,
    right?: number,
    compare?: (a: T, b: T) => number,
  ): void;
  export = quickselect;
}

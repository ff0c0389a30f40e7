/** Small helpers for the benchmark scripts: timing and percentiles. */
export function percentile(sortedMs: number[], p: number): number {
  if (sortedMs.length === 0) return NaN;
  const index = Math.min(sortedMs.length - 1, Math.ceil((p / 100) * sortedMs.length) - 1);
  return sortedMs[Math.max(0, index)];
}

export async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const start = process.hrtime.bigint();
  const result = await work();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, result };
}

/** Runs `task` `count` times with at most `concurrency` in flight; returns each run's duration, sorted. */
export async function latencies(count: number, concurrency: number, task: (i: number) => Promise<unknown>) {
  const durations: number[] = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      durations.push((await timed(() => task(i))).ms);
    }
  };
  const { ms } = await timed(() => Promise.all(Array.from({ length: concurrency }, worker)));
  durations.sort((a, b) => a - b);
  return { totalMs: ms, durations };
}

export function report(label: string, value: string): void {
  process.stdout.write(`${label.padEnd(52)} ${value}\n`);
}

export const fmt = (n: number, digits = 1) => n.toFixed(digits);

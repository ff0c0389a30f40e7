export default async function globalTeardown(): Promise<void> {
  const holder = globalThis as { __testEngine?: { close(): Promise<void> } };
  await holder.__testEngine?.close();
}

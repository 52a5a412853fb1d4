/**
 * A promise that settles within `ms`: its own result, or a rejection with `timeout()` when it is
 * late (the late result is then ignored). Whatever the database driver does, the caller's wait is
 * bounded.
 */
export async function within<T>(ms: number, promise: Promise<T>, timeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(timeout()), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

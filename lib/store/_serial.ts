/**
 * A first-come, first-served queue of async jobs: each starts when the one
 * before it has settled.
 *
 * @module
 */

/** Runs async jobs one at a time, in call order. */
export class SerialQueue {
  #tail: Promise<unknown> = Promise.resolve();

  /**
   * Runs `job` after every job queued before it has settled.
   *
   * @param job The work.
   * @returns What `job` resolves to.
   */
  run<T>(job: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(job, job);
    this.#tail = result.catch(() => {});
    return result;
  }

  /** Resolves once every job queued so far has settled. */
  idle(): Promise<void> {
    return this.#tail.then(() => {});
  }
}

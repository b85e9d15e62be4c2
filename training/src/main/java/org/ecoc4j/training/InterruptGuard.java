package org.ecoc4j.training;

/**
 * While open, turns the JVM's shutdown (Ctrl-C, SIGTERM) into an interrupt of the training thread
 * and holds the shutdown until that thread has left training (at most {@code graceMillis}), so
 * that a step or an atomic checkpoint write in progress ends before the JVM exits and the native
 * session is closed, not torn down mid-call.
 */
final class InterruptGuard implements AutoCloseable {

  private final Thread hook;
  private volatile boolean finished;

  /** Registers the shutdown hook for the calling thread. */
  InterruptGuard(long graceMillis) {
    Thread trainer = Thread.currentThread();
    hook =
        new Thread(
            () -> {
              if (finished) {
                return;
              }
              trainer.interrupt();
              try {
                synchronized (this) {
                  long deadline = System.currentTimeMillis() + graceMillis;
                  while (!finished && System.currentTimeMillis() < deadline) {
                    wait(Math.max(1, deadline - System.currentTimeMillis()));
                  }
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "ecoc4j-training-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /** Marks training as left and unregisters the hook (unless the JVM is already shutting down). */
  @Override
  public void close() {
    synchronized (this) {
      finished = true;
      notifyAll();
    }
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running or about to; it sees 'finished' and lets the JVM exit
    }
  }
}

package org.ecoc4j.launcher.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * While open, holds a JVM shutdown (Ctrl-C, SIGTERM) until the command has reported how it
 * stopped and released its folders (at most {@code graceMillis}), so that the message saying
 * where training stopped and how to resume reaches the user before the JVM exits.
 */
final class ShutdownWait implements AutoCloseable {

  private final CountDownLatch done = new CountDownLatch(1);
  private final Thread hook;
  private volatile boolean stopping;

  ShutdownWait(long graceMillis) {
    hook = new Thread(() -> {
      stopping = true;
      try {
        done.await(graceMillis, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "ecoc4j-train-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /** Whether the JVM has begun to shut down. */
  boolean stopping() {
    return stopping;
  }

  /** Lets a waiting shutdown go on and unregisters the hook (unless it is already running). */
  @Override
  public void close() {
    done.countDown();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running; it sees the count reach zero and lets the JVM exit
    }
  }
}

package quebec.balises.run;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters for the progress line, shared in memory by the job and the workers of an embedded runner
 * (same JVM). Beam metrics are the record of a run; these only say how far it has got, because some
 * runners (Flink in attached mode) report metrics only once the job ends. On a remote cluster they
 * stay at zero and the progress line shows the elapsed time.
 */
public final class LiveProgress {
  private LiveProgress() {}

  public static final AtomicLong READ = new AtomicLong();
  public static final AtomicLong ACCEPTED = new AtomicLong();
  public static final AtomicLong REJECTED = new AtomicLong();

  static void reset() {
    READ.set(0);
    ACCEPTED.set(0);
    REJECTED.set(0);
  }
}

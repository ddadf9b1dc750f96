package quebec.balises;

import java.lang.management.ManagementFactory;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Runs {@code balises.jar} again in a UTF-8 locale when it was started in another one (no {@code
 * LANG}, {@code LC_ALL=C}: a cron job, a container). The JVM decodes file names with the locale's
 * character set, fixed at start-up ({@code -Dsun.jnu.encoding} is ignored): under {@code C}, a file
 * named {@code Établissements.ndjson} is listed as {@code ??tablissements.ndjson}, a name that
 * opens no file. The second JVM gets {@code LC_ALL=C.UTF-8}, the same JVM options, class path and
 * arguments, the same standard streams, and its exit code is returned; a signal to the first is
 * passed on to it.
 */
final class Utf8Relaunch {
  /** Set in the second JVM, so that it never relaunches itself again. */
  static final String MARKER = "BALISES_UTF8_RELAUNCHED";

  private Utf8Relaunch() {}

  /** Whether file names are decoded as UTF-8 in this JVM. */
  static boolean fileNamesAreUtf8() {
    String encoding = System.getProperty("sun.jnu.encoding");
    try {
      return encoding != null && Charset.forName(encoding).equals(StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * The exit code of the same command run in a UTF-8 locale, or empty when this JVM already decodes
   * file names as UTF-8, was itself relaunched, or cannot find its own command.
   */
  static Optional<Integer> ifNeeded(String[] args) {
    if (fileNamesAreUtf8() || System.getenv(MARKER) != null) {
      return Optional.empty();
    }
    Optional<String> java = ProcessHandle.current().info().command();
    if (java.isEmpty()) {
      return Optional.empty();
    }
    List<String> command = new ArrayList<>();
    command.add(java.get());
    command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Balises.class.getName());
    command.addAll(Arrays.asList(args));
    ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
    builder.environment().put("LC_ALL", "C.UTF-8");
    builder.environment().put(MARKER, "1");
    Process child;
    try {
      child = builder.start();
    } catch (java.io.IOException e) {
      return Optional.empty();
    }
    // SIGTERM or SIGINT to this JVM: the second one gets SIGTERM, says where it stopped, and ends.
    Thread forward =
        new Thread(
            () -> {
              child.destroy();
              try {
                child.waitFor();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "balises-relaunch-forward");
    Runtime.getRuntime().addShutdownHook(forward);
    try {
      return Optional.of(child.waitFor());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      child.destroy();
      return Optional.of(quebec.balises.run.ExitCode.RUN_FAILED.code());
    }
  }
}

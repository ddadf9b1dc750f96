package quebec.balises.run;

/** A failure with the one line a user needs and the exit code a scheduler sees. */
public final class JobFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final ExitCode exitCode;

  public JobFailure(ExitCode exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  public JobFailure(ExitCode exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  public ExitCode exitCode() {
    return exitCode;
  }
}

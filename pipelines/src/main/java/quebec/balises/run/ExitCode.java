package quebec.balises.run;

/** Exit codes of {@code balises.jar}; documented in the README for schedulers. */
public enum ExitCode {
  OK(0),
  /** The pipeline failed while running (a bug or an environment failure). */
  RUN_FAILED(1),
  /** The command line is wrong: unknown command or option, missing required option or key. */
  USAGE(2),
  /** An input pattern matches no file, or a file cannot be opened. */
  INPUT(3),
  /** The output folder cannot be created or written. */
  OUTPUT(4),
  /** The run finished but its counts do not reconcile: read != accepted + rejected. */
  RECONCILIATION(5);

  private final int code;

  ExitCode(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }
}

package quebec.balises;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.Optional;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import quebec.balises.check.CheckJob;
import quebec.balises.check.CheckOptions;
import quebec.balises.generate.GenerateJob;
import quebec.balises.generate.GenerateOptions;
import quebec.balises.run.ExitCode;
import quebec.balises.run.JobFailure;
import quebec.balises.run.RunJob;
import quebec.balises.run.RunOptions;

/**
 * {@code java -jar balises.jar COMMAND [--option=value…]}: {@code run} the main job, {@code check}
 * an export before sending it (no pipeline), or {@code generate} synthetic sample data. {@code
 * --help} after a command lists its options.
 */
public final class Balises {
  private Balises() {}

  public static void main(String[] args) {
    // Outside a UTF-8 locale the JVM cannot open files with accented names: run in one instead.
    Optional<Integer> relaunched = Utf8Relaunch.ifNeeded(args);
    if (relaunched.isPresent()) {
      System.exit(relaunched.get());
    }
    System.exit(execute(args, System.out, System.err).code());
  }

  /** Runs a command and returns its exit code; what a user must read goes to out or err. */
  public static ExitCode execute(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 0 || isHelp(args[0])) {
      usage(out);
      return args.length == 0 ? ExitCode.USAGE : ExitCode.OK;
    }
    String command = args[0];
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    try {
      switch (command) {
        case "run" -> {
          if (wantsHelp(rest)) {
            return help(out, RunOptions.class);
          }
          new RunJob(out, err).run(rest);
        }
        case "check" -> {
          if (wantsHelp(rest)) {
            return help(out, CheckOptions.class);
          }
          return new CheckJob(out).run(rest);
        }
        case "generate" -> {
          if (wantsHelp(rest)) {
            return help(out, GenerateOptions.class);
          }
          new GenerateJob(out).run(rest);
        }
        default -> {
          err.println("balises: unknown command '" + command + "' (run, check, generate)");
          return ExitCode.USAGE;
        }
      }
      return ExitCode.OK;
    } catch (JobFailure e) {
      if (RunJob.signalled()) {
        return e.exitCode(); // the shutdown hook has said why, in one line
      }
      err.println("balises " + command + ": " + e.getMessage());
      return e.exitCode();
    } catch (RuntimeException e) {
      if (RunJob.signalled()) {
        return ExitCode.RUN_FAILED;
      }
      err.println("balises " + command + ": internal error: " + e + " (stack trace follows)");
      e.printStackTrace(err);
      return ExitCode.RUN_FAILED;
    }
  }

  private static boolean isHelp(String arg) {
    return arg.equals("--help") || arg.equals("-h") || arg.equals("help");
  }

  private static boolean wantsHelp(String[] args) {
    return Arrays.stream(args).anyMatch(Balises::isHelp);
  }

  private static ExitCode help(PrintStream out, Class<? extends PipelineOptions> options) {
    PipelineOptionsFactory.register(options);
    PipelineOptionsFactory.printHelp(out, options);
    return ExitCode.OK;
  }

  private static void usage(PrintStream out) {
    out.println(
        """
        Balises: PROM/PREM quality indicators from FHIR R4.

        Usage:
          java -jar balises.jar run --input=GLOB[,GLOB…] --output=DIR [options…]
          java -jar balises.jar check --input=GLOB[,GLOB…] [--mappings=DIR[,DIR…]]
          java -jar balises.jar generate --patients=N --seed=S --output=DIR [options…]
          java -jar balises.jar COMMAND --help      lists the command's options

        Exit codes: 0 ok, 1 run failed, 2 usage, 3 input (check: something would be rejected),
        4 output, 5 counts do not reconcile.""");
  }
}

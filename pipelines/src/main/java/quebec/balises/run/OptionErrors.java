package quebec.balises.run;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Beam's option parser, given an option twice, says "expected one element but was: <a, b>" and
 * names no option: this says which one.
 */
public final class OptionErrors {
  private OptionErrors() {}

  /** The usage failure for Beam's parse error {@code e} on {@code args}, with the option named. */
  public static JobFailure usage(IllegalArgumentException e, String[] args) {
    String message = e.getMessage() == null ? "invalid options" : e.getMessage();
    int newline = message.indexOf('\n');
    String first = newline < 0 ? message : message.substring(0, newline);
    if (first.contains("expected one element")) {
      for (Map.Entry<String, List<String>> option : given(args).entrySet()) {
        if (option.getValue().size() > 1) {
          return new JobFailure(
              ExitCode.USAGE,
              "--"
                  + option.getKey()
                  + " is given "
                  + option.getValue().size()
                  + " times ("
                  + String.join(", ", option.getValue())
                  + "); give it once");
        }
      }
    }
    return new JobFailure(ExitCode.USAGE, first);
  }

  /** Option name → the values given, in order. */
  static Map<String, List<String>> given(String[] args) {
    Map<String, List<String>> given = new LinkedHashMap<>();
    for (String arg : args) {
      if (!arg.startsWith("--")) {
        continue;
      }
      int equals = arg.indexOf('=');
      String name = equals < 0 ? arg.substring(2) : arg.substring(2, equals);
      String value = equals < 0 ? "" : arg.substring(equals + 1);
      given.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
    }
    return given;
  }
}

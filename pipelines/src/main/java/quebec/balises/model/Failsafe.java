package quebec.balises.model;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The last-resort guard around the work one stage does on one element. An exception that no rule
 * expects (a bug) costs the records of that element, which become {@link
 * RejectReason#INTERNAL_ERROR} dead letters carrying the stack trace, instead of the whole night.
 * The run still fails loudly: the job counts these dead letters and exits non-zero.
 *
 * <p>What the work emits is held until it completes, and released only then, in order. A failure
 * half way through a group therefore never leaves some of the group's records accepted and the same
 * records also rejected: each record ends in exactly one place. Errors other than a stack overflow
 * (an {@link OutOfMemoryError}) are the runner's to handle and are not caught.
 *
 * <p>The same idea as the "failsafe element" of Google's DataflowTemplates: the failed element
 * travels with its payload, the error and its stack trace to the dead-letter sink.
 */
public final class Failsafe {
  /** A stack trace is cut past this many characters: it is for a developer, and rows stay small. */
  public static final int MAX_STACK_TRACE_CHARS = 8_192;

  private Failsafe() {}

  /** Work on one element, which hands each of its outputs to {@link Held#output}. */
  @FunctionalInterface
  public interface Work {
    void run(Held held);
  }

  /** The outputs of one element's work, held until the work completes. */
  public static final class Held {
    private final List<Runnable> outputs = new ArrayList<>();

    private Held() {}

    /** Holds {@code value} for {@code to} (a stage output's receiver); the value is made now. */
    public <T> void output(Consumer<T> to, T value) {
      outputs.add(() -> to.accept(value));
    }
  }

  /**
   * Runs the work. When it completes, its outputs are released in order and null is returned; when
   * it throws, none is released and the exception is returned.
   */
  public static @Nullable Throwable run(Work work) {
    Held held = new Held();
    try {
      work.run(held);
    } catch (RuntimeException | StackOverflowError e) {
      return e;
    }
    held.outputs.forEach(Runnable::run);
    return null;
  }

  /**
   * Runs the work on an element that stands for {@code records}; when it fails, each of them
   * becomes a dead letter, handed to {@code rejected}. Returns whether the work completed.
   */
  public static boolean run(
      Iterable<ParsedResource> records, String stage, Consumer<Rejection> rejected, Work work) {
    Throwable failure = run(work);
    if (failure == null) {
      return true;
    }
    for (ParsedResource record : records) {
      rejected.accept(rejection(record, stage, failure));
    }
    return false;
  }

  /** The dead letter of one record that a stage's work on it (or on its group) failed on. */
  public static Rejection rejection(ParsedResource record, String stage, Throwable failure) {
    return rejection(
        record.source(), record.kind().label(), record.id(), record.rawRecord(), stage, failure);
  }

  /** The dead letter of one record, given its parts. */
  public static Rejection rejection(
      SourceRef source,
      @Nullable String resourceType,
      @Nullable String resourceId,
      String rawRecord,
      String stage,
      Throwable failure) {
    return new Rejection(
        source,
        resourceType,
        resourceId,
        RejectReason.INTERNAL_ERROR,
        stage
            + " failed unexpectedly: "
            + failure.getClass().getName()
            + ": "
            + failure.getMessage(),
        rawRecord,
        stackTrace(failure));
  }

  /**
   * The dead letter of an element whose work failed, as far as the element says what it is: an
   * input record ({@link ParsedResource}, {@link LinkedResponse}, {@link LinkedEpisode}, {@link
   * EstablishmentPortrait}) is named by its source, type and id; anything else is a derived element
   * ({@link #derived}).
   */
  public static Rejection rejection(Object element, String stage, Throwable failure) {
    if (element instanceof ParsedResource record) {
      return rejection(record, stage, failure);
    }
    if (element instanceof LinkedResponse response) {
      return rejection(
          response.source(),
          ResourceKind.QUESTIONNAIRE_RESPONSE.label(),
          response.response().id(),
          seeSource(response.source()),
          stage,
          failure);
    }
    if (element instanceof LinkedEpisode episode) {
      return rejection(
          episode.source(),
          ResourceKind.EPISODE_OF_CARE.label(),
          episode.episode().id(),
          seeSource(episode.source()),
          stage,
          failure);
    }
    if (element instanceof EstablishmentPortrait portrait) {
      // Counted as accepted under the portraits' label, so withdrawn under it too.
      return rejection(
          portrait.source(),
          EstablishmentPortrait.TALLY_LABEL,
          portrait.portrait().id(),
          seeSource(portrait.source()),
          stage,
          failure);
    }
    return derived(null, element, stage, failure);
  }

  /**
   * The raw record of a record that no longer carries it (it is left behind at linkage, to keep
   * shuffles small): its position, where the data team reads it.
   */
  private static String seeSource(SourceRef source) {
    return "(see " + source + ")";
  }

  /** Where a derived element that comes from no one input record is said to come from. */
  public static final String DERIVED_SOURCE = "(derived)";

  /** A derived element's description is cut past this many characters. */
  static final int MAX_ELEMENT_CHARS = 4_096;

  /**
   * The dead letter of a derived element (a pair of timepoints, an indicator cell, a row): not an
   * input record, so it is counted apart from the reconciliation. It is named by the input record
   * it comes from when there is one ({@code from}), and described in place of a raw record.
   */
  public static Rejection derived(
      @Nullable SourceRef from, Object element, String stage, Throwable failure) {
    String described = String.valueOf(element);
    if (described.length() > MAX_ELEMENT_CHARS) {
      described = described.substring(0, MAX_ELEMENT_CHARS) + "...";
    }
    return rejection(
        from == null ? SourceRef.wholeFile(DERIVED_SOURCE) : from,
        null,
        null,
        described,
        stage,
        failure);
  }

  /** The failure's stack trace as {@link Throwable#printStackTrace} writes it, bounded. */
  public static String stackTrace(Throwable failure) {
    StringWriter text = new StringWriter();
    failure.printStackTrace(new PrintWriter(text));
    String trace = text.toString();
    if (trace.length() <= MAX_STACK_TRACE_CHARS) {
      return trace;
    }
    String marker = "\n\t... (cut at " + MAX_STACK_TRACE_CHARS + " characters)";
    int end = MAX_STACK_TRACE_CHARS - marker.length();
    // Never cut a surrogate pair in half.
    if (Character.isHighSurrogate(trace.charAt(end - 1))) {
      end--;
    }
    return trace.substring(0, end) + marker;
  }
}

package quebec.balises.run;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Locale;

/** Plain reasons for file-system failures, and the failures that mean a full disk. */
final class Failures {
  private Failures() {}

  /**
   * Why an I/O operation failed, in words: NIO's exceptions often carry only the path as their
   * message ("cannot write to X: X" says nothing).
   */
  static String why(IOException e) {
    if (e instanceof FileSystemException fs) {
      String file = fs.getFile() == null ? "" : fs.getFile();
      String other = fs.getOtherFile() == null ? "" : " -> " + fs.getOtherFile();
      String reason = fs.getReason();
      if (e instanceof AccessDeniedException) {
        return "permission denied on " + file + other;
      }
      if (e instanceof NoSuchFileException) {
        return file + other + " does not exist";
      }
      if (e instanceof NotDirectoryException) {
        return file + " is not a folder";
      }
      if (e instanceof FileAlreadyExistsException) {
        return file + " already exists and is not a folder";
      }
      return (reason == null ? e.getClass().getSimpleName() : reason) + " (" + file + other + ")";
    }
    return e.getMessage() == null || e.getMessage().isBlank()
        ? e.getClass().getSimpleName()
        : e.getMessage();
  }

  /**
   * The cause, in the chain of {@code failure}, that says a disk is full (ENOSPC) or a quota is
   * exhausted (EDQUOT), the deepest one in the chain, or null. Java reports both only through the
   * operating system's message.
   */
  static Throwable diskFull(Throwable failure) {
    Throwable found = null;
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      String message = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
      if (message.contains("no space left on device") || message.contains("disk quota exceeded")) {
        found = t; // the deepest one: wrappers repeat its message
      }
      for (Throwable suppressed : t.getSuppressed()) {
        Throwable inside = diskFull(suppressed);
        if (inside != null) {
          found = inside;
        }
      }
    }
    return found;
  }
}

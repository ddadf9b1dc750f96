package quebec.balises.run;

/** The code version, from the jar's manifest; "dev" when run from classes (tests, IDE). */
public final class Versions {
  private Versions() {}

  public static String balises() {
    String version = Versions.class.getPackage().getImplementationVersion();
    return version == null ? "dev" : version;
  }
}

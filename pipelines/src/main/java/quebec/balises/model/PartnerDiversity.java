package quebec.balises.model;

import java.io.Serializable;
import java.util.List;

/**
 * Who the partners active during a portrait's year were (docs/decisions/0023): their total, how
 * many of each sex and age band, and how many of unknown age or sex; then their lived experience,
 * preferred language, and how many live in a most-deprived area and in the establishment's own
 * health region. The cells and the unknown add up to the total, as do the experiences and the
 * languages; the most deprived and the same region, each with its unknown, stay within it ({@code
 * portrait.PortraitRules}).
 *
 * @param active the partners active during the year
 * @param notDescribed those whose age or sex the establishment does not know
 * @param cells one count per sex and age band, in the questionnaire's order
 * @param experience the partners by the main lived experience they bring
 * @param language the partners by preferred language
 * @param mostDeprived those living in an area of the most-deprived quintile (5) of material
 *     deprivation (Pampalon index, INSPQ)
 * @param deprivationNotDescribed those whose area's deprivation is not known
 * @param sameRegion those living in the establishment's own health region
 * @param regionNotDescribed those whose region of residence is not known
 */
public record PartnerDiversity(
    long active,
    long notDescribed,
    List<Cell> cells,
    Experience experience,
    Language language,
    long mostDeprived,
    long deprivationNotDescribed,
    long sameRegion,
    long regionNotDescribed)
    implements Serializable {

  /** Active partners of one sex ({@code female} or {@code male}) and age band ({@code 0-17} …). */
  public record Cell(String sex, String ageBand, long partners) implements Serializable {}

  /**
   * The active partners by the main lived experience they bring, one each: as a patient or user, as
   * a caregiver (proche aidant), as a citizen or member of the community, or not described.
   */
  public record Experience(long patient, long caregiver, long citizen, long notDescribed)
      implements Serializable {}

  /** The active partners by preferred language: French, English, another, or not described. */
  public record Language(long french, long english, long other, long notDescribed)
      implements Serializable {}

  public PartnerDiversity {
    cells = List.copyOf(cells);
  }

  /** The partners whose sex and age band are known: the cells' sum. */
  public long described() {
    return active - notDescribed;
  }
}

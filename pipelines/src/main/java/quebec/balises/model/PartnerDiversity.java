package quebec.balises.model;

import java.io.Serializable;
import java.util.List;

/**
 * Who the partners active during a portrait's year were (docs/decisions/0023): their total, how
 * many of each sex and age band, and how many of unknown age or sex. The cells and the unknown add
 * up to the total ({@code portrait.PortraitRules}).
 *
 * @param active the partners active during the year
 * @param notDescribed those whose age or sex the establishment does not know
 * @param cells one count per sex and age band, in the questionnaire's order
 */
public record PartnerDiversity(long active, long notDescribed, List<Cell> cells)
    implements Serializable {

  /** Active partners of one sex ({@code female} or {@code male}) and age band ({@code 0-17} …). */
  public record Cell(String sex, String ageBand, long partners) implements Serializable {}

  public PartnerDiversity {
    cells = List.copyOf(cells);
  }

  /** The partners whose sex and age band are known: the cells' sum. */
  public long described() {
    return active - notDescribed;
  }
}

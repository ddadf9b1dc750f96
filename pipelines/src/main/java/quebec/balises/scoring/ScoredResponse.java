package quebec.balises.scoring;

import java.io.Serializable;
import java.util.List;
import quebec.balises.model.LinkedResponse;

/**
 * An accepted response with every scale of its instrument scored. Its answers are left out ({@code
 * linked.response().answers()} is empty): the scores stand for them from here on.
 */
public record ScoredResponse(LinkedResponse linked, List<Score> scores) implements Serializable {}

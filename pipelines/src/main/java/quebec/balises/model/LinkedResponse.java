package quebec.balises.model;

import java.io.Serializable;

/** A response whose episode (and so its patient and establishment) was found and accepted. */
public record LinkedResponse(ResponseRecord response, LinkedEpisode episode, SourceRef source)
    implements Serializable {}

package io.orderly.web.problem;

import io.orderly.problem.ProblemTypes;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * Base of every domain exception that leaves a service as an RFC 9457 problem detail. As an
 * {@link ErrorResponseException} it carries its status and its problem detail (type, title,
 * detail), so that Spring MVC answers it as it is. The slug is the stable last segment of the
 * problem's {@code type} URI.
 */
public abstract class ProblemException extends ErrorResponseException {

    private final HttpStatus status;
    private final String slug;

    /** A problem titled by {@link #title()}, which must therefore not depend on the subclass's fields. */
    protected ProblemException(HttpStatus status, String slug, String detail) {
        this(status, slug, null, detail);
    }

    /** A problem with its own title, or titled by {@link #title()} when {@code title} is null. */
    protected ProblemException(HttpStatus status, String slug, @Nullable String title, String detail) {
        super(status, ProblemTypes.problem(status, slug, status.getReasonPhrase(), detail), null);
        this.status = status;
        this.slug = slug;
        // The subclasses of the three-argument constructor name their title by overriding title().
        setTitle(title != null ? title : title());
    }

    public HttpStatus status() {
        return status;
    }

    public String slug() {
        return slug;
    }

    /** A short, stable title for the problem type; by default the status reason phrase. */
    public String title() {
        String title = getBody().getTitle();
        return title != null ? title : status.getReasonPhrase();
    }

    /** The human detail, as before this became an {@link ErrorResponseException}: logs show it alone. */
    @Override
    public String getMessage() {
        return getBody().getDetail();
    }
}

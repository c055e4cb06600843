package ch.iiz.service.web;

import ch.iiz.service.validation.BusinessDates;
import ch.iiz.service.validation.IdFormat;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * Reads path and query values by hand, so a malformed one answers 400 naming the parameter and the rule (the JAX-RS
 * conversion of typed parameters answers a bare 404), before any of it reaches SQL.
 */
public final class QueryParams {

    public static final int MAX_PAGE = 100_000;
    private static final Instant LATEST_INSTANT = Instant.parse("2999-12-31T23:59:59Z");
    private static final Pattern ID = Pattern.compile(IdFormat.PATTERN);
    private static final Pattern ISO_DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern ISO_MONTH = Pattern.compile("\\d{4}-\\d{2}");
    private static final Pattern INTEGER = Pattern.compile("-?\\d{1,9}");

    private QueryParams() {
    }

    /** An id in a path or query ({@link IdFormat}); null stays null. */
    public static String id(String name, String value) {
        if (value != null && !ID.matcher(value).matches()) {
            throw ProblemException.badRequest(name, "id-format",
                    name + " must be 1 to 64 characters of letters, digits, '.', '_', ':' or '-'");
        }
        return value;
    }

    public static String requiredId(String name, String value) {
        if (value == null) {
            throw ProblemException.badRequest(name, "required", name + " is required");
        }
        return id(name, value);
    }

    /** A day written yyyy-MM-dd within the planning window; {@code fallback} when absent. */
    public static LocalDate date(String name, String value, LocalDate fallback, Clock clock) {
        if (value == null) {
            return fallback;
        }
        LocalDate date = null;
        if (ISO_DATE.matcher(value).matches()) {
            try {
                date = LocalDate.parse(value);
            } catch (DateTimeParseException e) {
                // not a day that exists
            }
        }
        if (date == null) {
            throw ProblemException.badRequest(name, "iso-date", name + " must be an existing day written yyyy-MM-dd");
        }
        if (!BusinessDates.isPlan(date, clock)) {
            throw ProblemException.badRequest(name, "date-window", name + " must lie between "
                    + BusinessDates.EARLIEST + " and " + BusinessDates.latestPlan(clock));
        }
        return date;
    }

    /**
     * An instant written like 2026-03-01T12:00:00Z from 2000 to 2999 (an instant ahead of now answers what is known
     * now); null stays null.
     */
    public static Instant instant(String name, String value, Clock clock) {
        if (value == null) {
            return null;
        }
        Instant at;
        try {
            at = value.length() <= 40 ? Instant.parse(value) : null;
        } catch (DateTimeParseException e) {
            at = null;
        }
        if (at == null) {
            throw ProblemException.badRequest(name, "iso-instant", name + " must be an instant such as 2026-03-01T12:00:00Z");
        }
        Instant earliest = BusinessDates.EARLIEST.atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
        Instant latest = LATEST_INSTANT;
        if (at.isBefore(earliest) || at.isAfter(latest)) {
            throw ProblemException.badRequest(name, "instant-window", name + " must lie between " + earliest + " and "
                    + latest);
        }
        return at;
    }

    /** A month written yyyy-MM from 2000-01 to a few years ahead; null stays null. */
    public static YearMonth month(String name, String value, Clock clock) {
        if (value == null) {
            return null;
        }
        YearMonth month = null;
        if (ISO_MONTH.matcher(value).matches()) {
            try {
                month = YearMonth.parse(value);
            } catch (DateTimeParseException e) {
                // month 13
            }
        }
        if (month == null) {
            throw ProblemException.badRequest(name, "iso-month", name + " must be a month written yyyy-MM");
        }
        if (month.isBefore(YearMonth.from(BusinessDates.EARLIEST)) || month.isAfter(YearMonth.from(BusinessDates.latestPlan(clock)))) {
            throw ProblemException.badRequest(name, "month-window", name + " must lie between "
                    + YearMonth.from(BusinessDates.EARLIEST) + " and " + YearMonth.from(BusinessDates.latestPlan(clock)));
        }
        return month;
    }

    /** A whole number within [min, max]; {@code fallback} when absent. */
    public static int integer(String name, String value, int fallback, int min, int max) {
        if (value == null) {
            return fallback;
        }
        if (!INTEGER.matcher(value).matches() || Integer.parseInt(value) < min || Integer.parseInt(value) > max) {
            throw ProblemException.badRequest(name, "range", name + " must be a whole number from " + min + " to " + max);
        }
        return Integer.parseInt(value);
    }

    public static Integer optionalInteger(String name, String value, int min, int max) {
        return value == null ? null : integer(name, value, 0, min, max);
    }

    /** One of an enum's constants, by its exact name; null stays null. */
    public static <E extends Enum<E>> E oneOf(String name, String value, Class<E> type) {
        if (value == null) {
            return null;
        }
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(value)) {
                return constant;
            }
        }
        throw ProblemException.badRequest(name, "one-of", name + " must be one of "
                + Arrays.toString(type.getEnumConstants()));
    }

    /** One of the given words; null stays null. */
    public static String oneOf(String name, String value, String... allowed) {
        if (value == null || Arrays.asList(allowed).contains(value)) {
            return value;
        }
        throw ProblemException.badRequest(name, "one-of", name + " must be one of " + Arrays.toString(allowed));
    }

    /** A text filter (a canton, a municipality): bounded, printable; null stays null. */
    public static String text(String name, String value, int max) {
        if (value != null && (value.isEmpty() || value.length() > max
                || !ch.iiz.service.validation.Texts.noControlCharacters(value, false))) {
            throw ProblemException.badRequest(name, "text", name + " must be 1 to " + max + " printable characters");
        }
        return value;
    }

    /** The row offset of a page, without overflow. */
    public static long offset(int page, int size) {
        return (long) page * size;
    }
}

package org.konnect.curl.fuzz;

/**
 * What the fuzzer throws from hooks and callbacks on purpose, marked with the case that threw it,
 * so that a failure's cause can be traced to its own transfer. {@link #error} and
 * {@link #checked} give an {@link Error} and a checked exception of the same mark.
 */
final class FuzzFault extends RuntimeException {
    private static final long serialVersionUID = 1L;

    FuzzFault(int caseIndex, String where) {
        super("fuzz case " + caseIndex + " throws in " + where);
    }

    /** An Error (an AssertionError) carrying the mark. */
    static Throwable error(int caseIndex, String where) {
        return new AssertionError("fuzz case " + caseIndex + " throws an Error in " + where);
    }

    /** A checked exception carrying the mark, thrown past the compiler by {@link #sneak}. */
    static Throwable checked(int caseIndex, String where) {
        return new java.io.IOException("fuzz case " + caseIndex + " throws a checked exception in " + where);
    }

    /** Throws {@code t}, checked or not, from a method that declares nothing. */
    @SuppressWarnings("unchecked")
    static <T extends Throwable> RuntimeException sneak(Throwable t) throws T {
        throw (T) t;
    }
}

package org.konnect.curl;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Objects;
import org.konnect.curl.jni.LibcurlConstants;

/**
 * Configures one transfer's libcurl easy handle during {@link RequestProtocol#configureHandle}
 * ({@code setopt}/{@code unsetopt}), and pauses or resumes it at any time later
 * ({@link #pause}, callable from any thread). A handle made by {@link UnboundHandles} is bound to
 * no libcurl handle: it checks the same things and hands each accepted call to a test kit's sink.
 */
public final class ConfigHandle {
    /** {@code CURLPAUSE_RECV}: stop receiving. */
    public static final int PAUSE_RECV = LibcurlConstants.CURLPAUSE_RECV;
    /** {@code CURLPAUSE_SEND}: stop sending. */
    public static final int PAUSE_SEND = LibcurlConstants.CURLPAUSE_SEND;
    /** {@code CURLPAUSE_ALL}: stop receiving and sending. */
    public static final int PAUSE_ALL = LibcurlConstants.CURLPAUSE_ALL;
    /** {@code CURLPAUSE_CONT}: resume both directions. */
    public static final int PAUSE_CONT = LibcurlConstants.CURLPAUSE_CONT;

    /**
     * {@code CURLOPT_HSTS}, cleared by {@link #apply} after an {@code HSTS_CTRL} that turns HSTS
     * off: libcurl (7.88 and 8.14 alike) then frees its HSTS cache but keeps the files named by
     * {@code CURLOPT_HSTS}, and loads them into the freed cache when the transfer starts (a crash).
     */
    private static final CurlOpt HSTS_FILES = new CurlOpt("HSTS", LibcurlConstants.CURLOPT_HSTS, CurlOpt.Kind.STRING);

    private final Multi multi;
    private final Transfer transfer;
    /** For an {@link UnboundHandles unbound} handle (multi and transfer null): where accepted calls go. */
    private final UnboundHandles.OptionSink sink;
    /** For an unbound handle: the thread running {@code configureHandle}, the only one that may set options. */
    private final Thread configuringThread;
    /**
     * Options set so far, in order, as (option, value) pairs: replayed by unsetopt after
     * libcurl's reset. A flat array rather than a map: a transfer sets a handful of options,
     * and this is allocated for every transfer.
     */
    private Object[] journal = new Object[16];
    private int journalSize;
    private boolean configuring = true;

    ConfigHandle(Multi multi, Transfer transfer) {
        this.multi = multi;
        this.transfer = transfer;
        this.sink = null;
        this.configuringThread = null;
    }

    /** An unbound handle ({@link UnboundHandles#configure}): checks as a bound one does, then tells {@code sink}. */
    ConfigHandle(UnboundHandles.OptionSink sink) {
        this.multi = null;
        this.transfer = null;
        this.sink = sink;
        this.configuringThread = Thread.currentThread();
    }

    /** The value set for {@code option} so far in this configuration, or null. */
    Object current(CurlOpt option) {
        int i = indexOf(option);
        return i < 0 ? null : journal[i + 1];
    }

    /** Whether {@code option}, a long option, was set to {@code value} in this configuration. */
    boolean isSetTo(CurlOpt option, long value) {
        Object current = current(option);
        if (current instanceof CurlConstant) return ((CurlConstant) current).value() == value;
        if (current instanceof Boolean) return ((Boolean) current ? 1 : 0) == value;
        return current instanceof Number && ((Number) current).longValue() == value;
    }

    /** Whether a string or list value set in this configuration holds a CR or LF (see {@link LineBreakIsolation}). */
    boolean carriesLineBreak() {
        for (int i = 0; i < journalSize; i += 2) {
            CurlOpt.Kind kind = ((CurlOpt) journal[i]).kind();
            Object value = journal[i + 1];
            if (kind == CurlOpt.Kind.STRING && hasLineBreak(value)) return true;
            if (kind == CurlOpt.Kind.SLIST) {
                Iterable<?> items = value instanceof Object[] ? java.util.Arrays.asList((Object[]) value) : (Iterable<?>) value;
                for (Object item : items) if (hasLineBreak(item)) return true;
            }
        }
        return false;
    }

    private static boolean hasLineBreak(Object value) {
        return value instanceof String && (((String) value).indexOf('\r') >= 0 || ((String) value).indexOf('\n') >= 0);
    }

    void endConfiguration() {
        configuring = false;
        journal = null;
        journalSize = 0;
    }

    private int indexOf(CurlOpt option) {
        for (int i = 0; i < journalSize; i += 2) {
            if (journal[i].equals(option)) return i;
        }
        return -1;
    }

    /** Records {@code option = value}, moving it to the end when it was set before. */
    private void record(CurlOpt option, Object value) {
        forget(option);
        if (journalSize == journal.length) journal = java.util.Arrays.copyOf(journal, journal.length * 2);
        journal[journalSize++] = option;
        journal[journalSize++] = value;
    }

    /** Drops {@code option} from the journal; false when it was not there. */
    private boolean forget(CurlOpt option) {
        int i = indexOf(option);
        if (i < 0) return false;
        System.arraycopy(journal, i + 2, journal, i, journalSize - i - 2);
        journalSize -= 2;
        journal[journalSize] = null;
        journal[journalSize + 1] = null;
        return true;
    }

    /**
     * {@code curl_easy_setopt}: sets {@code option} to {@code value}, whose Java type must fit
     * the option's {@link CurlOpt.Kind}. Setting an option again replaces its value; setting a
     * callback option also sets what libcurl needs to call it.
     *
     * @param option the option to set
     * @param value its value, of a Java type the option's kind accepts (never {@code null}: use
     *        {@link #unsetopt} to restore libcurl's default)
     * @return this handle, for chaining
     * @throws IllegalArgumentException naming the option and the expected type, for a null or
     *         mistyped value, an option Java cannot set, or a value libcurl rejects
     * @throws IllegalStateException outside {@code configureHandle}, or off the multi's owner thread
     */
    public ConfigHandle setopt(CurlOpt option, Object value) {
        Objects.requireNonNull(option, "option");
        checkConfiguring("setopt", option);
        if (value == null) {
            throw new IllegalArgumentException(option + ": value is null; expected " + expected(option)
                    + " (use unsetopt to restore libcurl's default)");
        }
        checkBodySize(option, value);
        if (multi != null && multi.options().share() != null) multi.options().share().checkSetopt(option, value);
        apply(option, value);
        record(option, value);
        return this;
    }

    /**
     * {@link #setopt(CurlOpt, Object)} with the option found by {@link CurlOpt#byName}.
     *
     * @param optionName the option's name, with or without the {@code CURLOPT_} prefix, in any case
     * @param value its value, of a Java type the option's kind accepts
     * @return this handle, for chaining
     * @throws IllegalArgumentException for an option libcurl does not know, and as
     *         {@link #setopt(CurlOpt, Object)} does
     * @throws IllegalStateException outside {@code configureHandle}, or off the multi's owner thread
     */
    public ConfigHandle setopt(String optionName, Object value) {
        return setopt(CurlOpt.byName(optionName), value);
    }

    /**
     * Restores libcurl's default for {@code option} (the handle is reset and the other options set again).
     * Does nothing for an option not set in this configuration.
     *
     * @param option the option to restore
     * @return this handle, for chaining
     * @throws IllegalArgumentException for an option Java cannot set ({@link CurlOpt.Kind#UNSUPPORTED})
     * @throws IllegalStateException outside {@code configureHandle}, or off the multi's owner thread
     * @throws CurlError if libcurl fails to reset the handle
     */
    public ConfigHandle unsetopt(CurlOpt option) {
        Objects.requireNonNull(option, "option");
        checkConfiguring("unsetopt", option);
        if (option.kind() == CurlOpt.Kind.UNSUPPORTED) {
            throw new IllegalArgumentException(option + " " + option.unsupportedReason());
        }
        if (!forget(option)) return this;
        if (sink != null) {
            sink.unsetopt(option);
            return this;
        }
        Native.easyReset(transfer.easy.pointer);
        transfer.clearCallbacks();
        for (int i = 0; i < journalSize; i += 2) apply((CurlOpt) journal[i], journal[i + 1]);
        return this;
    }

    /**
     * Konnect's cap on the body this transfer accepts, counted as its write callback receives it
     * (after any decoding, unlike {@code CURLOPT_MAXFILESIZE_LARGE}, which libcurl compares with
     * the length on the wire). The chunk that would pass it is refused and the transfer fails with
     * {@code CURLE_FILESIZE_EXCEEDED}, naming the cap. No cap unless set; {@link Request} sets one.
     *
     * @param max the most body bytes to accept ({@link Long#MAX_VALUE}: no cap)
     * @return this handle, for chaining
     * @throws IllegalArgumentException if {@code max} is negative
     * @throws IllegalStateException outside {@code configureHandle}, or off the multi's owner thread
     */
    public ConfigHandle maxBodyBytes(long max) {
        checkThread("maxBodyBytes");
        if (!configuring) throw new IllegalStateException("maxBodyBytes: can be set only inside configureHandle");
        if (max < 0) throw new IllegalArgumentException("maxBodyBytes: " + max + " is negative");
        if (sink != null) sink.maxBodyBytes(max);
        else transfer.maxBodyBytes = max;
        return this;
    }

    /**
     * {@code curl_easy_pause}: {@link #PAUSE_RECV}, {@link #PAUSE_SEND}, {@link #PAUSE_ALL} or
     * {@link #PAUSE_CONT}. Thread-safe: from another thread the call is handed to the multi's
     * owner thread, which applies it promptly. Pausing a transfer that has ended does nothing.
     *
     * @param bitmask the directions to pause; {@link #PAUSE_CONT} resumes both
     * @throws IllegalArgumentException if {@code bitmask} is not a combination of
     *         {@link #PAUSE_RECV} and {@link #PAUSE_SEND}
     * @throws CurlError on the owner thread, when libcurl refuses; from another thread such a
     *         refusal fails the transfer instead
     */
    public void pause(int bitmask) {
        if ((bitmask & ~PAUSE_ALL) != 0) {
            throw new IllegalArgumentException("pause: bitmask " + bitmask + " is not a combination of PAUSE_RECV and PAUSE_SEND");
        }
        if (sink != null) sink.pause(bitmask);
        else multi.pause(transfer, bitmask);
    }

    private Object currentById(int id) {
        for (int i = 0; i < journalSize; i += 2) {
            if (((CurlOpt) journal[i]).id() == id) return journal[i + 1];
        }
        return null;
    }

    /**
     * A body size larger than the POSTFIELDS data kept for the transfer would make libcurl
     * send native memory after it: refused. (Without POSTFIELDS the size goes with a
     * READFUNCTION, as libcurl documents.)
     */
    private void checkBodySize(CurlOpt option, Object value) {
        if (option.id() != LibcurlConstants.CURLOPT_POSTFIELDSIZE && option.id() != LibcurlConstants.CURLOPT_POSTFIELDSIZE_LARGE) return;
        Object body = current(CurlOpt.POSTFIELDS);
        if (body == null) body = currentById(LibcurlConstants.CURLOPT_COPYPOSTFIELDS);
        if (body == null) return;
        long kept = body instanceof String ? ((String) body).getBytes(StandardCharsets.UTF_8).length : ((byte[]) body).length;
        long size = toLong(option, value, false);
        if (size > kept) {
            throw new IllegalArgumentException(option + " = " + size + " exceeds the " + kept
                    + " bytes of CURLOPT_POSTFIELDS set for this transfer");
        }
    }

    /** The message is built only on failure: this runs for every option of every transfer. */
    private void checkConfiguring(String verb, CurlOpt option) {
        if (multi == null) {
            checkThread(verb + "(" + option + ")");
        } else if (Thread.currentThread() != multi.owner()) {
            multi.checkOwnerThread(verb + "(" + option + ")");
        }
        if (!configuring) {
            throw new IllegalStateException(verb + "(" + option + "): options can be set only inside configureHandle");
        }
        // libcurl calls back during a setopt too (VERBOSE logs through DEBUGFUNCTION): a setopt, or
        // unsetopt's curl_easy_reset, from there would change the handle inside libcurl's own setopt.
        if (multi != null && multi.transfers.callbackDepth > 0) {
            throw new IllegalStateException(verb + "(" + option + "): cannot be called from inside a libcurl callback");
        }
    }

    /** The owner-thread check of a bound handle, or the configuring thread's of an unbound one. */
    private void checkThread(String what) {
        if (multi != null) {
            if (Thread.currentThread() != multi.owner()) multi.checkOwnerThread(what);
        } else if (Thread.currentThread() != configuringThread) {
            throw new IllegalStateException(what + ": an unbound ConfigHandle is confined to the thread running configureHandle, "
                    + configuringThread.getName() + ", but was called from " + Thread.currentThread().getName());
        }
    }

    /** Whether the option starts state that {@code curl_easy_reset} keeps (see {@link Transfer#keepsHandleState}). */
    private static boolean startsHandleState(int id) {
        return id == LibcurlConstants.CURLOPT_COOKIEFILE || id == LibcurlConstants.CURLOPT_COOKIEJAR
                || id == LibcurlConstants.CURLOPT_COOKIELIST || id == LibcurlConstants.CURLOPT_HSTS
                || id == LibcurlConstants.CURLOPT_HSTS_CTRL || id == LibcurlConstants.CURLOPT_ALTSVC
                || id == LibcurlConstants.CURLOPT_ALTSVC_CTRL;
    }

    private void apply(CurlOpt option, Object value) {
        if (sink != null) {
            checkValue(option, value);
            sink.setopt(option, value);
            return;
        }
        long easy = transfer.easy.pointer;
        if (startsHandleState(option.id())) transfer.keepsHandleState = true;
        switch (option.kind()) {
            case LONG: {
                long v = toLong(option, value, true);
                Native.easySetLong(easy, option, v, value);
                if (option.id() == LibcurlConstants.CURLOPT_HSTS_CTRL && (v & LibcurlConstants.CURLHSTS_ENABLE) == 0) {
                    Native.easySetString(easy, HSTS_FILES, null, null);
                }
                break;
            }
            case OFF_T:
                Native.easySetOffT(easy, option, toLong(option, value, false), value);
                break;
            case STRING:
                Native.easySetString(easy, option, cString(option, expect(option, value, String.class)), value);
                break;
            case SLIST:
                Native.easySetSlist(easy, option, slist(option, value), value);
                break;
            case BLOB:
                Native.easySetBlob(easy, option, expect(option, value, byte[].class), value);
                break;
            case BYTES:
                Native.easySetPostFields(easy, option, value instanceof String
                        ? ((String) value).getBytes(StandardCharsets.UTF_8) : expect(option, value, byte[].class), value);
                break;
            case MIME:
                Native.easySetMime(easy, option, expect(option, value, Mime.class).encode(), value);
                break;
            case CALLBACK:
                setCallback(option, value);
                break;
            default:
                throw new IllegalArgumentException(option + " " + option.unsupportedReason());
        }
    }

    /** What {@link #apply} checks of a value before it reaches libcurl, for an unbound handle. */
    private static void checkValue(CurlOpt option, Object value) {
        switch (option.kind()) {
            case LONG: toLong(option, value, true); break;
            case OFF_T: toLong(option, value, false); break;
            case STRING: cString(option, expect(option, value, String.class)); break;
            case SLIST: slist(option, value); break;
            case BLOB: expect(option, value, byte[].class); break;
            case BYTES: if (!(value instanceof String)) expect(option, value, byte[].class); break;
            case MIME: expect(option, value, Mime.class).encode(); break;
            case CALLBACK: expect(option, value, CallbackKind.ofOption(option.id()).type); break;
            default: throw new IllegalArgumentException(option + " " + option.unsupportedReason());
        }
    }

    private void setCallback(CurlOpt option, Object value) {
        CallbackKind kind = CallbackKind.ofOption(option.id());
        expect(option, value, kind.type);
        Native.easySetCallback(transfer.easy.pointer, option, value);
        transfer.easy.callbacks[kind.ordinal()] = value;
    }

    private static long toLong(CurlOpt option, Object value, boolean allowNamed) {
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (allowNamed && value instanceof Boolean) return (Boolean) value ? 1 : 0;
        if (allowNamed && value instanceof CurlConstant) return ((CurlConstant) value).value();
        throw mistyped(option, value);
    }

    private static <T> T expect(CurlOpt option, Object value, Class<T> type) {
        if (!type.isInstance(value)) throw mistyped(option, value);
        return type.cast(value);
    }

    private static byte[] cString(CurlOpt option, String s) {
        if (s.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(option + ": the string contains a NUL character, which libcurl cannot take");
        }
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[utf8.length + 1];
        System.arraycopy(utf8, 0, out, 0, utf8.length);
        return out;
    }

    private static byte[][] slist(CurlOpt option, Object value) {
        Object[] items;
        if (value instanceof Collection) items = ((Collection<?>) value).toArray();
        else if (value instanceof String[]) items = (String[]) value;
        else throw mistyped(option, value);
        byte[][] out = new byte[items.length][];
        for (int i = 0; i < items.length; i++) {
            if (!(items[i] instanceof String)) {
                throw new IllegalArgumentException(option + ": list item " + i + " is " + describe(items[i])
                        + "; expected a String");
            }
            out[i] = cString(option, (String) items[i]);
        }
        return out;
    }

    private static IllegalArgumentException mistyped(CurlOpt option, Object value) {
        return new IllegalArgumentException(option + " expects " + expected(option) + ", got " + describe(value));
    }

    static String expected(CurlOpt option) {
        switch (option.kind()) {
            case LONG: return "a long (an integral Number, a Boolean or a CurlConstant)";
            case OFF_T: return "a curl_off_t (an integral Number)";
            case STRING: return "a String";
            case SLIST: return "a list of Strings";
            case BLOB: return "a byte[]";
            case BYTES: return "a byte[] or a String";
            case MIME: return "a Mime";
            case CALLBACK: return "a " + option.callbackType().getSimpleName();
            default: return "nothing: it " + option.unsupportedReason();
        }
    }

    private static String describe(Object value) {
        return value == null ? "null" : value.getClass().getName();
    }
}

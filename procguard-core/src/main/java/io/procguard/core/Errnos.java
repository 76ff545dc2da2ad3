package io.procguard.core;

import java.util.HashMap;
import java.util.Map;

/**
 * Linux errno names and numbers, including the kernel-internal restart codes strace prints
 * ({@code ERESTARTSYS} 512 ... ). Thread-safe, immutable tables generated from {@code asm-generic/errno*.h}.
 */
public final class Errnos {
    private static final Map<String, Integer> BY_NAME;
    private static final Map<Integer, String> BY_NUMBER = new HashMap<>();

    static {
        Map<String, Integer> m = new HashMap<>();
        m.put("EPERM", 1);
        m.put("ENOENT", 2);
        m.put("ESRCH", 3);
        m.put("EINTR", 4);
        m.put("EIO", 5);
        m.put("ENXIO", 6);
        m.put("E2BIG", 7);
        m.put("ENOEXEC", 8);
        m.put("EBADF", 9);
        m.put("ECHILD", 10);
        m.put("EAGAIN", 11);
        m.put("ENOMEM", 12);
        m.put("EACCES", 13);
        m.put("EFAULT", 14);
        m.put("ENOTBLK", 15);
        m.put("EBUSY", 16);
        m.put("EEXIST", 17);
        m.put("EXDEV", 18);
        m.put("ENODEV", 19);
        m.put("ENOTDIR", 20);
        m.put("EISDIR", 21);
        m.put("EINVAL", 22);
        m.put("ENFILE", 23);
        m.put("EMFILE", 24);
        m.put("ENOTTY", 25);
        m.put("ETXTBSY", 26);
        m.put("EFBIG", 27);
        m.put("ENOSPC", 28);
        m.put("ESPIPE", 29);
        m.put("EROFS", 30);
        m.put("EMLINK", 31);
        m.put("EPIPE", 32);
        m.put("EDOM", 33);
        m.put("ERANGE", 34);
        m.put("EDEADLK", 35);
        m.put("ENAMETOOLONG", 36);
        m.put("ENOLCK", 37);
        m.put("ENOSYS", 38);
        m.put("ENOTEMPTY", 39);
        m.put("ELOOP", 40);
        m.put("ENOMSG", 42);
        m.put("EIDRM", 43);
        m.put("ECHRNG", 44);
        m.put("EL2NSYNC", 45);
        m.put("EL3HLT", 46);
        m.put("EL3RST", 47);
        m.put("ELNRNG", 48);
        m.put("EUNATCH", 49);
        m.put("ENOCSI", 50);
        m.put("EL2HLT", 51);
        m.put("EBADE", 52);
        m.put("EBADR", 53);
        m.put("EXFULL", 54);
        m.put("ENOANO", 55);
        m.put("EBADRQC", 56);
        m.put("EBADSLT", 57);
        m.put("EBFONT", 59);
        m.put("ENOSTR", 60);
        m.put("ENODATA", 61);
        m.put("ETIME", 62);
        m.put("ENOSR", 63);
        m.put("ENONET", 64);
        m.put("ENOPKG", 65);
        m.put("EREMOTE", 66);
        m.put("ENOLINK", 67);
        m.put("EADV", 68);
        m.put("ESRMNT", 69);
        m.put("ECOMM", 70);
        m.put("EPROTO", 71);
        m.put("EMULTIHOP", 72);
        m.put("EDOTDOT", 73);
        m.put("EBADMSG", 74);
        m.put("EOVERFLOW", 75);
        m.put("ENOTUNIQ", 76);
        m.put("EBADFD", 77);
        m.put("EREMCHG", 78);
        m.put("ELIBACC", 79);
        m.put("ELIBBAD", 80);
        m.put("ELIBSCN", 81);
        m.put("ELIBMAX", 82);
        m.put("ELIBEXEC", 83);
        m.put("EILSEQ", 84);
        m.put("ERESTART", 85);
        m.put("ESTRPIPE", 86);
        m.put("EUSERS", 87);
        m.put("ENOTSOCK", 88);
        m.put("EDESTADDRREQ", 89);
        m.put("EMSGSIZE", 90);
        m.put("EPROTOTYPE", 91);
        m.put("ENOPROTOOPT", 92);
        m.put("EPROTONOSUPPORT", 93);
        m.put("ESOCKTNOSUPPORT", 94);
        m.put("EOPNOTSUPP", 95);
        m.put("EPFNOSUPPORT", 96);
        m.put("EAFNOSUPPORT", 97);
        m.put("EADDRINUSE", 98);
        m.put("EADDRNOTAVAIL", 99);
        m.put("ENETDOWN", 100);
        m.put("ENETUNREACH", 101);
        m.put("ENETRESET", 102);
        m.put("ECONNABORTED", 103);
        m.put("ECONNRESET", 104);
        m.put("ENOBUFS", 105);
        m.put("EISCONN", 106);
        m.put("ENOTCONN", 107);
        m.put("ESHUTDOWN", 108);
        m.put("ETOOMANYREFS", 109);
        m.put("ETIMEDOUT", 110);
        m.put("ECONNREFUSED", 111);
        m.put("EHOSTDOWN", 112);
        m.put("EHOSTUNREACH", 113);
        m.put("EALREADY", 114);
        m.put("EINPROGRESS", 115);
        m.put("ESTALE", 116);
        m.put("EUCLEAN", 117);
        m.put("ENOTNAM", 118);
        m.put("ENAVAIL", 119);
        m.put("EISNAM", 120);
        m.put("EREMOTEIO", 121);
        m.put("EDQUOT", 122);
        m.put("ENOMEDIUM", 123);
        m.put("EMEDIUMTYPE", 124);
        m.put("ECANCELED", 125);
        m.put("ENOKEY", 126);
        m.put("EKEYEXPIRED", 127);
        m.put("EKEYREVOKED", 128);
        m.put("EKEYREJECTED", 129);
        m.put("EOWNERDEAD", 130);
        m.put("ENOTRECOVERABLE", 131);
        m.put("ERFKILL", 132);
        m.put("EHWPOISON", 133);
        m.put("ERESTARTSYS", 512);
        m.put("ERESTARTNOINTR", 513);
        m.put("ERESTARTNOHAND", 514);
        m.put("ENOIOCTLCMD", 515);
        m.put("ERESTART_RESTARTBLOCK", 516);
        m.put("EPROBE_DEFER", 517);
        m.put("EOPENSTALE", 518);
        m.put("ENOPARAM", 519);
        m.put("EBADHANDLE", 521);
        m.put("ENOTSYNC", 522);
        m.put("EBADCOOKIE", 523);
        m.put("ENOTSUPP", 524);
        m.put("ETOOSMALL", 525);
        m.put("ESERVERFAULT", 526);
        m.put("EBADTYPE", 527);
        m.put("EJUKEBOX", 528);
        m.put("EIOCBQUEUED", 529);
        m.put("ERECALLCONFLICT", 530);
        BY_NAME = Map.copyOf(m);
        for (Map.Entry<String, Integer> e : BY_NAME.entrySet()) {
            BY_NUMBER.merge(e.getValue(), e.getKey(), (a, b) -> a.compareTo(b) <= 0 ? a : b);
        }
        BY_NUMBER.put(11, "EAGAIN");
        BY_NUMBER.put(35, "EDEADLK");
    }

    private Errnos() {
    }

    /**
     * @param name an errno name such as {@code ENOENT}
     * @return its number, or 0 if the name is unknown
     */
    public static int number(String name) {
        Integer n = BY_NAME.get(name);
        return n == null ? 0 : n;
    }

    /**
     * @param number an errno number
     * @return its canonical name, or {@code null} if unknown
     */
    public static String name(int number) {
        return BY_NUMBER.get(number);
    }

    /**
     * @param number an errno number
     * @return true for the kernel-internal restart codes (the call will be restarted, not failed)
     */
    public static boolean isRestart(int number) {
        return number == 512 || number == 513 || number == 514 || number == 516;
    }
}

/* Dereferences NULL: strace prints --- SIGSEGV {...} --- and +++ killed by SIGSEGV +++. */
int main(void) {
    volatile int *p = 0;
    return *p;
}

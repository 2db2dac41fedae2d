/* The unit test runner behind TEST_MAIN. */
#include "test.h"

int test_run(const struct test_case *tests, size_t n)
{
    int failed_tests = 0;

    for (size_t i = 0; i < n; i++) {
        int before = test_failures;
        test_current = tests[i].name;
        tests[i].fn();
        if (test_failures != before)
            failed_tests++;
        else
            printf("ok   %s\n", tests[i].name);
    }
    printf("%zu passed, %d failed\n", n - (size_t)failed_tests, failed_tests);
    return failed_tests ? 1 : 0;
}

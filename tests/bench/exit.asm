; Ends at once: for the start-up time of hvdos itself.
        org     100h
        int     20h

# One record with as many petitioned courses as fit in 1 MiB (about 11,000),
# against fee-total.pol's fees of 999,999.99: the total stays exact.
awk 'BEGIN { printf "{\"id\":\"max\",\"credentials\":[\"CPT\"],\"cycle_start\":\"2023-05-14\",\"applied_on\":\"2025-05-01\",\"courses\":["
             c = "{\"completed_on\":\"2024-01-01\",\"amount\":1,\"unit\":\"CEU\",\"provider\":\"petition\",\"petition\":\"approved\"}"
             n = int((1048576 - 200) / (length(c) + 1))
             for (i = 0; i < n; i++) printf "%s%s", i ? "," : "", c
             print "]}" }'

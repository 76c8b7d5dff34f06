/* ast.c - names of node kinds, for messages. */
#include "ast.h"

const char *decl_kind_name(enum decl_kind k)
{
    switch (k) {
    case D_POLICY: return "policy";
    case D_UNIT: return "unit";
    case D_PARAM: return "parameter";
    case D_CREDENTIAL: return "credential";
    case D_CYCLE: return "cycle";
    case D_COURSES: return "courses";
    case D_CPR_AED: return "cpr_aed";
    case D_TOGETHER: return "together";
    case D_AUDIT: return "audit";
    case D_CATEGORY: return "category";
    case D_PATH: return "path";
    case D_WINDOW: return "window";
    case D_FEE: return "fee";
    case D_AFTER_LAST: return "after last window";
    }
    return "?";
}

const char *stmt_kind_name(enum stmt_kind k)
{
    switch (k) {
    case S_TITLE: return "title";
    case S_BODY: return "body";
    case S_CURRENCY: return "currency";
    case S_PRECISION: return "precision";
    case S_HOURS: return "hours";
    case S_CITE: return "cite";
    case S_REQUIRES_AMOUNT: return "requires";
    case S_REQUIRES_UNITS: return "requires units";
    case S_REQUIRES_CPR_AED: return "requires cpr_aed";
    case S_REQUIRES_EXAM: return "requires exam";
    case S_FEE: return "fee";
    case S_LENGTH: return "length";
    case S_EXPIRES: return "expires";
    case S_LEAP_DAY: return "leap_day";
    case S_ACCEPT: return "accept";
    case S_COUNT: return "count";
    case S_VALID_ON: return "valid on";
    case S_CREDIT: return "credit";
    case S_AT_LEAST: return "at least";
    case S_AT_MOST: return "at most";
    case S_CHARGES: return "charges";
    case S_FROM: return "from";
    case S_THROUGH: return "through";
    case S_BEFORE: return "before";
    case S_FEES_COMBINE: return "fees";
    case S_UNITS_TOGETHER: return "units";
    case S_FEES_TOGETHER: return "fees";
    case S_RATE: return "rate";
    case S_DUE: return "documents due";
    }
    return "?";
}

from . import (
    aftersales_dispatch,
    aftersales_safety_forced_removal,
)

from . import (
    aftersales_dispatch,
    aftersales_safety_chain_verify,
    aftersales_safety_forced_removal,
)

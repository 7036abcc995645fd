from . import test_install, test_intake, test_warranty

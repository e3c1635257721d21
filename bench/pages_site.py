"""Settings for bench/bench_pages.py only: the site as configured, with bench/pages_urls.py as the URLconf
(the site's URLs plus a trivial view that exists only while the benchmark runs)."""

import warnings

from learn.settings import *  # noqa: F403

warnings.filterwarnings("ignore", message="No directory at")  # no collectstatic for a benchmark

ROOT_URLCONF = "pages_urls"

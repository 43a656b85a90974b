import os, sys, time, cProfile, pstats
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "campaign_portal.settings")
import django
django.setup()
from django.conf import settings
settings.ALLOWED_HOSTS = ["*"]
from django.test import Client
from accounts.models import User
c = Client()
c.force_login(User.objects.get(username=sys.argv[1]), backend="accounts.backends.LoginBackend")
path = sys.argv[2]
c.get(path)
t = time.monotonic()
for _ in range(10): c.get(path)
print("avg ms", (time.monotonic()-t)*100)
pr = cProfile.Profile(); pr.enable()
for _ in range(10): c.get(path)
pr.disable()
st = pstats.Stats(pr); st.sort_stats("cumulative").print_stats(35)

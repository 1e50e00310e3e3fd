"""Version 1 of the qualification rules: the defaults of the seeds (see ``defaults.py``).

The configuration is frozen here (not imported) so that this migration means the same thing
whatever later versions of the code say. Reversible: the reverse removes version 1 if nothing
was judged with it.
"""

from django.db import migrations
from django.utils import timezone

CONFIG = {'icp': {'industries': [],
         'size_bands': ['51-200', '201-500', '501-1000', '1001-5000', '5000+'],
         'revenue_bands': [],
         'countries': [],
         'regions': [],
         'tiers': []},
 'engagement': {'min_interactions': 3,
                'window_days': 30,
                'significant_types': ['web_visit',
                                      'email_reply',
                                      'linkedin_interaction',
                                      'webinar_attended',
                                      'event_attended',
                                      'form_fill',
                                      'demo_request',
                                      'pricing_request',
                                      'meeting'],
                'significant_page_categories': ['pricing',
                                                'case_study',
                                                'contact',
                                                'product']},
 'readiness': {'key_pages': ['pricing', 'case_study', 'contact'],
               'opens_required': 3,
               'opens_of_last': 5,
               'signal_max_age_days': 90,
               'qualitative_confirms_signal': True},
 'decision_maker': {'require_reachable': True},
 'levels': {'hot': 70, 'warm': 40, 'ready_at_least': 'warm'},
 'weights': {'demo_or_pricing_request': 15,
             'decision_maker_reachable': 10,
             'decision_maker_engaged': 5,
             'confirmed_signal': 10,
             'explicit_project': 5,
             'timing_now': 15,
             'timing_soon': 10,
             'timing_later': 5,
             'pain_recorded': 10,
             'budget_known': 10,
             'engaged': 10,
             'key_pages': 5,
             'email_opens': 5}}


def create(apps, schema_editor):
    RuleSet = apps.get_model("qualification", "RuleSet")
    if RuleSet.objects.exists():
        return
    RuleSet.objects.create(
        version=1,
        config=CONFIG,
        status="active",
        note="Default rules from the seeds.",
        activated_at=timezone.now(),
    )


def remove(apps, schema_editor):
    RuleSet = apps.get_model("qualification", "RuleSet")
    RuleSet.objects.filter(version=1, evaluations__isnull=True, runs__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("qualification", "0001_initial")]

    operations = [migrations.RunPython(create, remove)]

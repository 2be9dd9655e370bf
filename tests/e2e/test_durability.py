"""kill -9 under write load, then a restart on the same --data-dir (the probe is durability.py).

NIMBUS_DURABILITY_CYCLES sets the number of kills (default 5, about 25 s on the debug build),
NIMBUS_DURABILITY_SEED the seed of the kill moments and names (default 9).
"""
import os
import shutil
import sys
import tempfile
import unittest

import durability


class DurabilityTest(unittest.TestCase):
    """One probe run for the class; each test reads one of its findings."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cycles = int(os.environ.get("NIMBUS_DURABILITY_CYCLES", "5"))
        seed = int(os.environ.get("NIMBUS_DURABILITY_SEED", "9"))
        data_dir = tempfile.mkdtemp(prefix="nimbus-durability-")
        try:
            cls.probe = durability.Probe(
                data_dir, cycles, seed, log=lambda line: print(line, file=sys.stderr)).run()
        finally:
            shutil.rmtree(data_dir, ignore_errors=True)

    def test_every_kind_of_write_is_acknowledged(self):
        acknowledged = self.probe.acknowledged()
        self.assertEqual([kind for kind, n in acknowledged.items() if n == 0], [], acknowledged)

    def test_the_kills_leave_scheduled_work_to_resume(self):
        self.assertGreater(sum(self.probe.pending_tasks), 0, self.probe.pending_tasks)

    def test_no_acknowledged_write_is_lost(self):
        self.assertEqual(self.probe.findings["lost"], [])

    def test_no_stored_value_was_never_sent_or_stored_twice(self):
        self.assertEqual(self.probe.findings["phantom"], [])

    def test_no_operation_stays_in_progress_after_a_restart(self):
        self.assertEqual(self.probe.findings["stuck"], [])

    def test_no_write_is_refused_while_the_server_runs(self):
        self.assertEqual(self.probe.findings["errors"], [])

    def test_the_last_restart_shuts_down_cleanly(self):
        self.assertEqual(self.probe.exit_code, 0)


if __name__ == "__main__":
    unittest.main()

"""The dossier list of the main window: search box, filter panel, count of matches, and the lazy,
sortable table over every matching dossier."""

from ui.dossier_list.filter_panel import FilterPanel
from ui.dossier_list.model import DossierListModel
from ui.dossier_list.pane import DossierListPane

__all__ = ["DossierListModel", "DossierListPane", "FilterPanel"]

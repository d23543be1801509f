// placeholder
import OTel

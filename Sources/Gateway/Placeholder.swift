import Hummingbird
import HummingbirdTLS
import Mustache
enum _GatewayPlaceholder {}
